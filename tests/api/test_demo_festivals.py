"""The demo county's 两节 (春节 and 八一) period, as `make run` with CLOCK=2026-09-15 and COUNTY_NAME=北湖区 compiles
it: every sentence of DOMAIN.md's 情况汇报 list that the data can fill is filled; its year's 总结 with 同比."""

from __future__ import annotations

import io
from dataclasses import replace

import boto3
from docx import Document

from chalicelib.context import Context
from local import demo
from tests.conftest import Api, SettableClock
from tests.helpers.summaries import compiled, download, numbered_headings


def test_the_demo_two_festivals_report_is_written_whole(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    clock.set("2026-09-15T10:00:00")
    ctx.config = replace(ctx.config, county_name="北湖区")
    demo.seed(ctx)  # the demo month is August: its reports fall on 8月1日 to 8月8日, in 八一's window
    found = compiled(api, ctx, aws, "2026-two-festivals")
    # 18 reports of 5 units (the 10 of the demo month before, and 优待金, 医疗费, 抚恤, a court case, legal aid, an
    # honour, the news, the 军地联席会议); participants 42 + 120 + 4 + 40 + 120 + 3 + 12 + 4 + 2 + 1 + 20 + 15 = 383;
    # 优抚对象 visited:
    # 军属115 + 伤残军人3 + 在乡老复员军人26 = 144户; cases 2 + 3 + 4 = 9; 优待金 252,000 ÷ 120户 = 2,100元, all 120
    # entitled households paid; the agreement in force on 8月8日, the period's last day (the other is signed later)
    assert [(p["topic"], p["text"]) for p in found["narrative"]] == [
        (
            "基本情况",
            "北湖区辖3个乡镇、5个街道办事处，总人口32.46万人。"
            "有优抚对象烈属12人、军属350户、伤残军人45人、在乡老复员军人26人，辖区内有驻军4处。"
            "2019年被评为全国双拥模范县（城），2023年又被评为省级双拥模范县（城）。",
        ),
        (
            "总体情况",
            "2026年春节、八一期间，全区共有5个单位报送双拥活动18项，参加383人次。"
            "本期间不是整月，不统计各单位报送是否齐全、是否按时（按月统计，见各月汇总）。",
        ),
        ("组织领导", "全区共召开军地联席会议1次。"),
        (
            "拥军优属",
            "全区共召开拥军优属座谈会1次，参加座谈会的优抚对象25人。"
            "全区共走访驻军1次，走访优抚对象144户，走访慰问资金达20.39万元。"
            "其中：走访慰问驻军部队1次、16个单位，慰问金6.2万元；军属115户、慰问115人，慰问金2.3万元；"
            "伤残军人3户、慰问3人，慰问金0.15万元；在乡老复员军人26户、慰问26人，慰问金1.04万元；"
            "军队离退休干部15户、慰问15人，慰问金0.3万元；涉军困难企业4家，慰问金3.4万元；"
            "其他300户、慰问300人，慰问金7万元。",
        ),
        (
            "法律拥军",
            "全区共处理涉军案件9件（其中法律援助2件、调解纠纷3件、法院审理4件）。"
            "全区共开展法治宣传进军营活动1次，受教育官兵120人次，发放资料300份，解答法律咨询18人次。"
            "全区共受理军人军属法律援助案件2件，受援2人。全区共排查调处涉军矛盾纠纷3件，调解成功2件。"
            "全区共受理涉军诉讼案件4件，审结3件，缓减免诉讼费0.5万元。",
        ),
        ("宣传教育", "全区共刊发双拥新闻报道12条，播发广播稿8篇。"),
        (
            "退役军人服务和优抚政策落实",
            "全区共为伤残军人报销医疗费1.2万元（3人）；支付优待金25.2万元，优待面达100%，户均2,100元；"
            "为12名牺牲病故军人家属办理抚恤补助3.6万元。",
        ),
        ("军地共建", "截至2026年8月8日，全区现有有效军地共建协议1份。"),
        ("表彰奖励", "获得表彰奖励1项：县退役军人事务局荣获全省拥军优属先进单位（省级）。"),
    ]


def test_the_demo_years_summary_opens_with_its_organisation_and_sets_last_year_beside_it(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    clock.set("2026-09-15T10:00:00")
    demo.seed(ctx)
    compiled(api, ctx, aws, "2025")  # last year as compiled: its August's 13 reports
    year = compiled(api, ctx, aws, "2026")
    # reports 18 against 13: +38.5% (5 / 13 = 38.46%); participants 383 against 6 + 6 + 100 + 80 + 3 + 1 + 36 + 18
    # + 25 + 110 + 12 + 3 + 12 = 412: −7.0% (29 / 412 = 7.04%); one 座谈会 and one visit to the troops each year;
    # 优抚对象 visited 144 households against 110 (the troops are not 优抚对象): +30.9% (34 / 110 = 30.91%);
    # visits 203,900 yuan against 50,000 + 110,000 = 160,000: +27.4% (43,900 / 160,000 = 27.44%)
    assert year["narrative"][1]["text"].split("。")[1] == (
        "与上年同期相比，报送双拥活动18项，同比增长38.5%；参加383人次，同比下降7.0%；召开拥军优属座谈会1次，与上年持平；"
        "走访驻军1次，与上年持平；走访优抚对象144户，同比增长30.9%；走访慰问资金20.39万元，同比增长27.4%"
    )
    document = Document(io.BytesIO(download(year, "docx").content))
    assert numbered_headings([p.text for p in document.paragraphs]) == [
        "一、组织领导",
        "二、宣传教育（含国防教育）",
        "三、拥军优属",
        "四、法律拥军",
        "五、军地共建",
        "六、各成员单位工作",
        "七、存在的问题",
        "八、下一步工作打算",
    ]
