/** The root URLconf of mysite: the polls app lives under /polls/, the gallery under /gallery/. */
import { HttpResponseRedirect } from "@tango/http";
import { include, path, reverse } from "@tango/urls";

/** The site's front page sends visitors to the polls. */
function home(): HttpResponseRedirect {
  return new HttpResponseRedirect(reverse("polls:index"));
}

export const urlpatterns = [
  path("", home, { name: "home" }),
  path("polls/", include(import("../polls/urls.js"), { namespace: "polls" })),
  path("gallery/", include(import("../gallery/urls.js"), { namespace: "gallery" })),
];
