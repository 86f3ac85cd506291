/** The root URLconf of tfb: the six TechEmpower test types at the paths the benchmark requests. */
import { include, path } from "@tango/urls";

export const urlpatterns = [path("", include(import("../world/urls.js")))];
