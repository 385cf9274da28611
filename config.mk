# gongkai build configuration. Override in config.local.mk.
VERSION = 0.1.0
PREFIX  = /usr/local

PKGS = md4c libcmark-gfm libgit2 tidy yaml-0.1 jansson libmicrohttpd

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lpthread

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings
GK_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -DVERSION=\"$(VERSION)\" $(WARN) $(PKG_CFLAGS)
