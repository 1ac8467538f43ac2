// The translation unit the shared precompiled header of the test programs is built with.
