/** The production entry: `npm run build`, `manage migrate --built`, then `npm start` serves the compiled app. */
import { serve } from "@tango/adapter-node";
import { createApplication } from "@tango/http";
import settings from "./tfb/settings.js";

const app = await createApplication(settings);
// Port and host come from PORT and HOST (default 8000 on 127.0.0.1).
await serve(app, { host: process.env.HOST ?? "127.0.0.1" });
