/*
 * feed: Atom feeds (issue 7). feed.xml for the whole site and
 * SECTION/feed.xml for each section: the newest FEED_ENTRIES content pages
 * by page_updated (ties by URL), escaped with escape_xml. The feed's
 * <updated> is its newest entry's date; no clock, so the same pages give
 * the same bytes.
 */
#ifndef GK_FEED_H
#define GK_FEED_H

#include <stddef.h>

struct site;

#define FEED_ENTRIES	20

typedef void (*feed_put_fn)(void *arg, const char *rel, const char *data,
    size_t len);

void	feed_write(const struct site *s, feed_put_fn put, void *arg);

#endif
