/** Content types of the files the dev server serves: @tango/staticfiles' table. */
export { contentTypeFor } from "@tango/staticfiles";
