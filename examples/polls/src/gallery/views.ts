/** The views of the gallery app: the photos as thumbnails, and a model form to upload one. */
import { reverse } from "@tango/urls";
import { CreateView, ListView } from "@tango/views";
import { Photo } from "./models.js";

/** Every photo, newest first, as thumbnails: GET /gallery/. */
export class PhotoListView extends ListView<Photo> {
  override model = Photo;
  override paginateBy = 24;
}

/** The upload form (a ModelForm of title and image): GET and POST /gallery/new/. */
export class PhotoCreateView extends CreateView<Photo> {
  override model = Photo;
  override fields = ["title", "image"];

  override getSuccessUrl(): string {
    return reverse("gallery:list");
  }
}
