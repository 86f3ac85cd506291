// The banner date reads as Django's, in local time.
import { expect, it } from "vitest";
import { bannerDate } from "./banner.js";

it("writes the date as Django's runserver banner does", () => {
  expect(bannerDate(new Date(2026, 10, 20, 22, 10, 5))).toBe("November 20, 2026 - 22:10:05");
  expect(bannerDate(new Date(2027, 0, 3, 7, 4, 9))).toBe("January 03, 2027 - 07:04:09");
});
