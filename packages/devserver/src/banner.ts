/** The start-up banner of runserver, worded as Django's. */

const MONTH = new Intl.DateTimeFormat("en-US", { month: "long" });

/**
 * Django's banner date, in local time: "November 20, 2026 - 22:10:05".
 *
 * @example
 * bannerDate(new Date(2026, 10, 20, 22, 10, 5)); // "November 20, 2026 - 22:10:05"
 */
export function bannerDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${MONTH.format(date)} ${pad(date.getDate())}, ${date.getFullYear()} - ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** What the banner shows. */
export interface BannerInfo {
  version: string;
  settingsDisplay: string;
  url: string;
  now: Date;
  /** The warning about production use, shown on the first start only. */
  warn: boolean;
}

/**
 * The lines runserver prints once the project has loaded.
 *
 * @example
 * formatBanner({ version: "0.1.0", settingsDisplay: "src/hello/settings.ts", url: "http://127.0.0.1:8000/", now: new Date(), warn: true });
 */
export function formatBanner(
  info: BannerInfo,
  warning: (text: string) => string = (t) => t,
): string {
  const lines = [
    bannerDate(info.now),
    `Tango version ${info.version}, using settings '${info.settingsDisplay}'`,
    `Starting development server at ${info.url}`,
    "Quit the server with CONTROL-C.",
  ];
  if (info.warn) {
    lines.push(
      "",
      warning(
        "WARNING: This is a development server. Do not use it in a production setting. Use a production adapter instead (docs/deployment.md)",
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}
