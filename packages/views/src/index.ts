/** @tango/views: public API (being built). */
export {};
