# gongkai build configuration. Override in config.local.mk.
VERSION = 0.1.0
PREFIX  = /usr/local

PKGS = md4c libcmark-gfm libgit2 tidy yaml-0.1 jansson libmicrohttpd

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libmicrohttpd is not linked: serve.c loads it (dlopen) by its soname,
# read here from the library the headers belong to
PKG_LIBS   := $(shell pkg-config --libs $(filter-out libmicrohttpd,$(PKGS)) 2>/dev/null) -lcmark-gfm-extensions -lpthread -ldl
MHD_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libmicrohttpd 2>/dev/null)/libmicrohttpd.so" 2>/dev/null | sed -n 's/^ *SONAME *//p')

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings
GK_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -DVERSION=\"$(VERSION)\" $(WARN) $(PKG_CFLAGS) $(if $(MHD_SONAME),-DMHD_SONAME=\"$(MHD_SONAME)\")
