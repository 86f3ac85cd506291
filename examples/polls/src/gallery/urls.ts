/** The URLs of the gallery app; the root URLconf includes them under the "gallery" namespace. */
import { path } from "@tango/urls";
import { PhotoCreateView, PhotoListView } from "./views.js";

export const appName = "gallery";

export const urlpatterns = [
  path("", PhotoListView.asView(), { name: "list" }),
  path("new/", PhotoCreateView.asView(), { name: "new" }),
];
