import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppConfig, apps, ImproperlyConfigured } from "@tango/core";
import { afterAll, describe, expect, it } from "vitest";
import { CharField } from "./decorators.js";
import { CASCADE } from "./deletion-rules.js";
import { Model } from "./model.js";
import { modelRegistry } from "./registry.js";
import type { Related } from "./related.js";
import { ForeignKey } from "./relation-decorators.js";

class Product extends Model {
  @CharField({ maxLength: 50 }) declare name: string;
}

class Review extends Model {
  @ForeignKey("Product", { onDelete: CASCADE }) declare product: Related<Product>;
}

// Exported in the order Node lists a module's exports (alphabetical): the model with the
// foreign key comes before its target, which has no `meta.app` of its own.
class Answer extends Model {
  @ForeignKey(() => Survey, { onDelete: CASCADE, relatedName: "answers" })
  declare survey: Related<Survey>;
}

class Survey extends Model {
  @CharField({ maxLength: 50 }) declare title: string;
}

class Base extends Model {
  static override meta = { abstract: true };
}

describe("the model registry and the app registry", () => {
  const dir = mkdtempSync(join(tmpdir(), "tango-registry-"));
  const shop = new AppConfig("shop", dir);

  afterAll(async () => {
    await apps.populate([], dir);
  });

  it("registers each installed app's exported models under its label, lazily", async () => {
    await apps.populate([shop], dir);
    shop.modelsModule = { Product, Review, Base, Model, helper: () => 1, VERSION: 2 };
    expect(Review._meta.label).toBe("shop.Review");
    expect(Product._meta.dbTable).toBe("shop_product");
    expect(modelRegistry.getModel("shop.product")).toBe(Product);
    expect(modelRegistry.getModels()).toEqual(expect.arrayContaining([Product, Review]));
    expect(modelRegistry.getModels()).not.toContain(Base);
    expect(modelRegistry.getModels()).not.toContain(Model);
  });

  it("registers a module's models whatever order its exports come in", async () => {
    const forms = new AppConfig("forms", dir);
    await apps.populate([shop, forms], dir);
    forms.modelsModule = { Answer, Survey };
    expect(Answer._meta.getField("survey").remoteField?.model).toBe(Survey);
    expect(Survey._meta.label).toBe("forms.Survey");
    expect(Survey._meta.relatedObjects.map((r) => r.accessorName)).toEqual(["answers"]);
  });

  it("resolves same-app references and installs reverse accessors on the target", () => {
    expect(Review._meta.getField("product").remoteField?.model).toBe(Product);
    expect(Object.getOwnPropertyDescriptor(Product.prototype, "reviewSet")?.get).toBeTypeOf(
      "function",
    );
  });

  it("suggests the closest label for an unknown model", () => {
    expect(() => modelRegistry.getModel("shop.Prodcut")).toThrow(ImproperlyConfigured);
    expect(() => modelRegistry.getModel("shop.Prodcut")).toThrow("Did you mean 'shop.Product'?");
  });

  it("refuses two models of one name in one app", () => {
    const Clash = { Product: class extends Model {} }.Product;
    expect(() => modelRegistry.register(Clash, "shop")).toThrow(
      "Conflicting 'product' models in application 'shop'",
    );
  });
});
