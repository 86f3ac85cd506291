/** @tango/staticfiles: public API (being built). */
export {};
