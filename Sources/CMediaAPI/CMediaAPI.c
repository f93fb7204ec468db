// Header-only: the table type the engine and the media shim share.
