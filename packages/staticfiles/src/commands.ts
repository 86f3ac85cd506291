/** `@tango/staticfiles/commands`: collectstatic (being built). */
export const commands = {};
