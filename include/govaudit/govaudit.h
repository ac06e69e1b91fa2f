/**
 * @file govaudit.h
 * @brief Umbrella header: include this to use the whole library.
 */
#ifndef GOVAUDIT_H
#define GOVAUDIT_H

#include <govaudit/core.h>
#include <govaudit/norm.h>
#include <govaudit/page.h>
#include <govaudit/warc.h>
#include <govaudit/score.h>
#include <govaudit/probe.h>
#include <govaudit/site.h>
#include <govaudit/report.h>
#include <govaudit/notice.h>
#include <govaudit/seg.h>
#include <govaudit/match.h>
#include <govaudit/attach.h>
#include <govaudit/dedup.h>
#include <govaudit/spell.h>

#endif
