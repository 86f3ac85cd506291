/** @tango/templates: public API (being built). */
export {};
