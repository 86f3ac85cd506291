/** The dev server finds static files with @tango/staticfiles' finder (STATICFILES_DIRS, then the apps). */
export { type FoundFile, StaticFinder, safeSegments } from "@tango/staticfiles";
