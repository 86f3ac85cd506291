/** The models of the gallery app: photos uploaded through a model form, kept in the media storage. */
import {
  CharField,
  DateTimeField,
  type FieldFile,
  ImageField,
  IntegerField,
  type Manager,
  Model,
} from "@tango/orm";

/** An uploaded photo; its width and height are read from the file when it is saved. */
export class Photo extends Model {
  declare static objects: Manager<Photo>;
  static override meta = { ordering: ["-uploaded"] };

  @CharField({ maxLength: 100 }) declare title: string;
  @ImageField({ uploadTo: "photos/%Y/%m/", widthField: "width", heightField: "height" })
  declare image: FieldFile;
  @IntegerField({ null: true, editable: false }) declare width: number | null;
  @IntegerField({ null: true, editable: false }) declare height: number | null;
  @DateTimeField({ autoNowAdd: true }) declare uploaded: Date;

  override toString(): string {
    return this.title;
  }
}
