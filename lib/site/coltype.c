/* Column types from ColumnType values and column names. */
#include <string.h>

#include "site-internal.h"

/* Checked in order: a name holding words of two types takes the first (政策解读 is an
 * interpretation, not a policy; 人事信息 is personnel, not news). */
static const struct {
    const char *type;
    const char *words[16];
} types[] = {
    {"interpretation", {"解读", "图解", NULL}},
    {"service_stats", {"办事统计", "办件统计", "办件公示", "办件数据", "服务统计", NULL}},
    {"consult", {"互动", "咨询", "留言", "信箱", "建言", "问政", "投诉", "民意", "访谈", "征集", NULL}},
    {"personnel", {"人事", "任免", "招考", "招聘", "录用", NULL}},
    {"plan", {"规划", "计划", NULL}},
    {"finance", {"财政", "预决算", "预算", "决算", "资金", NULL}},
    {"notice", {"通知", "公告", "公示", NULL}},
    {"policy", {"政策", "文件", "法规", "规章", NULL}},
    {"news", {"要闻", "动态", "新闻", "资讯", "快讯", "头条", "时政", "政务信息", "工作信息",
              "部门信息", "乡镇信息", "街道信息", "基层信息", NULL}},
};

const char *ga_site_column_type(const char *name)
{
    if (!name)
        return "other";
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        for (size_t k = 0; types[i].words[k]; k++)
            if (strstr(name, types[i].words[k]))
                return types[i].type;
    return "other";
}
