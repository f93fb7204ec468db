// Header-only: the table type the engine and the torch shim share.
