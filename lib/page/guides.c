/* Service guides (办事指南): the elements a guide shows as labelled fields, by the
 * canonical names inspections use. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

/* Each element's canonical name first, then the labels sites give it. */
static const char *const *const elements[] = {
    (const char *const[]){"事项名称", "服务事项名称", "事项名", "办理事项", NULL},
    (const char *const[]){"设定依据", "办理依据", "法律依据", "实施依据", "法定依据",
                          "受理依据", "审批依据", NULL},
    (const char *const[]){"申请条件", "受理条件", "办理条件", "申办条件", "申请人条件",
                          "准予批准的条件", "受理范围", NULL},
    (const char *const[]){"办理材料", "申请材料", "申报材料", "提交材料", "材料目录",
                          "所需材料", "申请材料目录", "办事材料", NULL},
    (const char *const[]){"办理地点", "受理地点", "办公地点", "办理地址", "受理地址", NULL},
    (const char *const[]){"办理时间", "受理时间", "办公时间", NULL},
    (const char *const[]){"办理时限", "承诺时限", "法定时限", "承诺办结时限", "法定办结时限",
                          "办结时限", "承诺期限", "法定期限", NULL},
    (const char *const[]){"收费标准", "是否收费", "收费依据", "收费情况", "收费项目", NULL},
    (const char *const[]){"咨询电话", "咨询方式", "联系电话", "咨询方法", NULL},
    (const char *const[]){"办理流程", "办理程序", "办事流程", "办理环节", NULL},
    (const char *const[]){"监督投诉", "监督电话", "投诉电话", "监督投诉方式", NULL},
};
#define NELEMENTS (sizeof elements / sizeof elements[0])
/* Fewer labelled elements than this and a page is not a guide. */
#define GUIDE_MIN 3

void ga_page_find_guide(ctx_t *c, ga_page_t *pg, const ga_page_pair_t *pairs, size_t npairs)
{
    bool seen[NELEMENTS] = {false};
    size_t n = 0;
    const char *name = NULL;
    for (size_t i = 0; i < npairs; i++)
        for (size_t k = 0; k < NELEMENTS; k++)
            if (ga_page_word_index(pairs[i].label, elements[k]) >= 0) {
                n += !seen[k];
                seen[k] = true;
                if (k == 0 && !name && *pairs[i].value)
                    name = pairs[i].value;
                break;
            }
    if (n < GUIDE_MIN)
        return;
    if (!(pg->guide = malloc(n * sizeof *pg->guide))) {
        c->oom = true;
        return;
    }
    for (size_t k = 0; k < NELEMENTS; k++)
        if (seen[k])
            pg->guide[pg->nguide++] = elements[k][0];
    if (!name)
        name = pg->title;
    if (!(pg->guide_name = strdup(name)))
        c->oom = true;
}
