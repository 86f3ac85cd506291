/** The models of the world app: TechEmpower's `world` and `fortune` tables. */
import { AutoField, CharField, IntegerField, type Manager, Model } from "@tango/orm";

/** One row of the 10,000 the database tests read and update; TechEmpower's column is `randomnumber`. */
export class World extends Model {
  declare static objects: Manager<World>;
  static override meta = { dbTable: "world" };

  @AutoField({ primaryKey: true }) declare id: number;
  @IntegerField({ dbColumn: "randomnumber" }) declare randomNumber: number;
}

/** A fortune-cookie message, listed (HTML-escaped) by the fortunes test. */
export class Fortune extends Model {
  declare static objects: Manager<Fortune>;
  static override meta = { dbTable: "fortune" };

  @AutoField({ primaryKey: true }) declare id: number;
  @CharField({ maxLength: 2048 }) declare message: string;

  override toString(): string {
    return this.message;
  }
}
