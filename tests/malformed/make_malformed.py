"""Write the corpus of malformed inputs and the manifest of what each must give.

    python tests/malformed/make_malformed.py

Every file is made from the sample (examples/anyang-police-2023-final-accounts.txt)
or a fixture in tests/data, by one damage an operator, a download or an attacker
does: a damaged cell, a table printed twice, a file cut short, another encoding,
binary junk, a zip bomb. The files are committed under tests/malformed/files/; the
cases that cannot be committed (a FIFO, a link to /dev/zero, a link loop, a path
longer than the system allows, a name that is not UTF-8, a file over the size
limit) are listed in the manifest with ``make:`` and made by the test.

The expectations are written here by hand, per case, from what the damage is (never
read back from the parser): ``refused`` with a phrase of the reason, or ``loaded``
with the number of amounts, phrases of the warnings and of the truncation mark.
"""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "files"
SAMPLE = ROOT / "examples" / "anyang-police-2023-final-accounts.txt"
DATA = ROOT / "tests" / "data"
AMOUNTS = 701          # the sample's printed amounts (tests/data/anyang_2023_tables.csv)
FIXTURE_AMOUNTS = 701  # the workbook and PDF fixtures print the same tables

# lines of the sample the damages aim at
ROW_02 = "2040202\t一般行政管理事务\t2,728.56\t2,717.00\t0\t0\t0\t0\t11.56"    # 公开02, first of its kind
ROW_06 = "30101\t基本工资\t26,016.91\t30201\t办公费\t609.90"                   # 公开06: a code beside the amount
ROW_09 = "1,523.07\t\t1,519.30\t614.47\t904.82\t3.78\t1,523.07\t\t1,519.30\t614.47\t904.82\t3.78"
ROW_01 = "一、一般公共预算财政拨款收入\t1\t81,315.03\t一、一般公共服务支出\t32\t54.64"
NOTE_09 = "注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。"
PART_THREE = "第三部分 2023 年度部门决算情况说明"


def sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def cell_02(new: str) -> str:
    return once(sample(), ROW_02, ROW_02.replace("2,728.56", new, 1))


def lines_until(marker: str, keep: int = 0) -> str:
    """The sample up to the first line starting with ``marker`` (plus ``keep`` lines of it)."""
    lines = sample().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(marker))
    return "\n".join(lines[:at + keep]) + "\n"


def table_block(code: str) -> str:
    """The lines of 公开<code> from its title to its note (inclusive), as printed."""
    lines = sample().splitlines()
    mark = next(i for i, line in enumerate(lines) if line.strip() == f"公开 {code} 表")
    start = mark - 6  # the title, 部门, year and number lines, blank lines between
    assert lines[start].endswith("决算表"), lines[start]
    end = next(i for i in range(mark, len(lines)) if lines[i].startswith("注："))
    return "\n".join(lines[start:end + 1])


CASES: list[dict] = []


def case(name: str, expect: dict, *, text: str | None = None, data: bytes | None = None, suffix: str = ".txt",
         why: str, make: str | None = None, fixture: str | None = None) -> None:
    entry = {"name": name, "why": why, **expect}
    if make:
        entry["make"] = make
    elif fixture:
        entry["file"] = f"../data/{fixture}"
    else:
        entry["file"] = f"files/{name}{suffix}"
        payload = data if data is not None else text.encode("utf-8")
        (OUT / f"{name}{suffix}").write_bytes(payload)
    CASES.append(entry)


def refused(reason: str) -> dict:
    return {"outcome": "refused", "reason": reason}


def loaded(amounts: int, warnings: list[str] | None = None, truncated: str | None = None,
           exact_warnings: bool = True) -> dict:
    out = {"outcome": "loaded", "amounts": amounts, "warnings": warnings or []}
    if not exact_warnings:
        out["more_warnings"] = True
    if truncated:
        out["truncated"] = truncated
    return out


def unreadable(raw: str) -> dict:
    """One cell of 公开02 that reads as no amount: that cell only is lost, with a warning naming it."""
    return loaded(AMOUNTS - 1, [f"公开02 row 一般行政管理事务, column 本年收入合计: cannot read {raw!r}"])


def make_text_cases() -> None:
    # -- a cell that is not an amount: that cell only, with a warning (issue: text, 1e308, NaN) --
    for name, raw in [("cell_text", "abc"), ("cell_1e308", "1e308"), ("cell_nan", "NaN"), ("cell_inf", "inf"),
                      ("cell_two_points", "2.728.56"), ("cell_letter_o", "2,7O8.56"), ("cell_percent", "12.5%"),
                      ("cell_with_unit", "2,728.56万元"), ("cell_ref_error", "#REF!"), ("cell_null", "null"),
                      ("cell_hex", "0x1F"), ("cell_question", "?"), ("cell_sql", "1; drop table raw.amounts"),
                      ("cell_html", "<b>2,728.56</b>x"), ("cell_emoji", "💰")]:
        case(name, unreadable(raw), text=cell_02(raw), why=f"公开02 cell printed as {raw!r}")
    # -- amounts written other ways read as amounts: nothing lost --------------------------------
    for name, raw, why in [("cell_accounting_negative", "(2,728.56)", "an accounting negative"),
                           ("cell_full_width", "２，７２８．５６", "full-width digits"),
                           ("cell_full_width_brackets", "（2,728.56）", "an accounting negative in full-width brackets"),
                           ("cell_minus_sign", "−2,728.56", "a minus sign (U+2212)"),
                           ("cell_wrapped_digits", "2,728.5 6", "digits broken by a wrap"),
                           ("cell_huge", "9" * 40 + ".99", "a 40-digit amount (exact decimal, no overflow)")]:
        case(name, loaded(AMOUNTS), text=cell_02(raw), why=f"公开02 cell printed as {why}")
    for name, raw in [("cell_dash", "-"), ("cell_full_width_dash", "－"), ("cell_blank", "")]:
        case(name, loaded(AMOUNTS - 1), text=cell_02(raw), why=f"公开02 cell printed as {raw!r}: no amount, no warning")
    # -- a damaged amount beside a code: the code never becomes the amount (issue: 26,O16.91) ---
    case("cell_06_damaged", loaded(AMOUNTS - 1, ["公开06 row 基本工资, column 决算数: cannot read '26,O16.91'"]),
         text=once(sample(), ROW_06, ROW_06.replace("26,016.91", "26,O16.91")),
         why="公开06 amount damaged (letter O) with the econ code 30201 in the next column")
    case("cell_06_text", loaded(AMOUNTS - 1, ["公开06 row 基本工资, column 决算数: cannot read '见附表'"]),
         text=once(sample(), ROW_06, ROW_06.replace("26,016.91", "见附表")),
         why="公开06 amount replaced by text, a code in the next column")
    case("cell_06_blank", loaded(AMOUNTS - 1), text=once(sample(), ROW_06, ROW_06.replace("26,016.91", "")),
         why="公开06 amount left blank: 30201 must not shift into its place")
    case("cell_09_text", loaded(AMOUNTS - 1, ["cannot read 'N/A'"]),
         text=once(sample(), ROW_09, ROW_09.replace("3.78", "N/A", 1)), why="公开09 (三公) cell printed as N/A")
    case("cell_01_text", loaded(AMOUNTS - 1, ["cannot read '八万'"]),
         text=once(sample(), ROW_01, ROW_01.replace("81,315.03", "八万")), why="公开01 cell printed in words")
    # -- a table printed twice --------------------------------------------------------------------
    block = table_block("07")
    case("table_twice_same", loaded(AMOUNTS, ["公开07 printed twice; the copies agree"]),
         text=once(sample(), block, block + "\n\n" + block), why="公开07 printed twice, the same numbers")
    changed = block.replace("3,096.90", "3,096.99")
    case("table_twice_different", loaded(AMOUNTS, ["公开07 printed twice and the copies differ"]),
         text=once(sample(), block, block + "\n\n" + changed), why="公开07 printed twice, different numbers")
    # -- a file cut short ------------------------------------------------------------------------------
    case("cut_after_nine_tables", loaded(AMOUNTS, ["the report looks cut short"], "the file ends before 第三部分"),
         text=lines_until("部门整体支出绩效自评情况表"), why="a broken download: the nine tables, nothing after them")
    case("cut_inside_05", loaded(545, ["the report looks cut short"], "the file ends inside 公开05"),
         text="\n".join(sample().splitlines()[:320]) + "\n", why="the file ends inside 公开05")
    case("cut_inside_form", loaded(AMOUNTS, ["the report looks cut short"], "项目支出绩效自评情况表",
                                   exact_warnings=False),
         text="\n".join(sample().splitlines()[:580]) + "\n", why="the file ends inside a project self-evaluation form")
    case("cut_mid_sentence", loaded(AMOUNTS, ["the report looks cut short"], "mid-sentence"),
         text="\n".join(sample().splitlines()[:1900]) + "\n本年度机关运行经费支出较上年有所增加，主要原因是办公设备更新和物业",
         why="the file ends in the middle of a sentence")
    data = sample().encode("utf-8")
    cut = len(data) * 2 // 3
    while (data[cut] & 0xC0) != 0x80:  # inside a multi-byte character
        cut += 1
    case("cut_mid_character", loaded(AMOUNTS, ["the report looks cut short"], "the file ends",
                                     exact_warnings=False),
         data=data[:cut], why="the bytes end inside a UTF-8 character (a broken download)")
    # -- encodings and line ends: the same report --------------------------------------------------
    case("encoding_gb18030", loaded(AMOUNTS), data=sample().encode("gb18030"), why="the sample re-encoded as GB18030")
    case("encoding_bom", loaded(AMOUNTS), data=b"\xef\xbb\xbf" + sample().encode("utf-8"), why="a UTF-8 BOM")
    case("line_ends_crlf", loaded(AMOUNTS), data=sample().replace("\n", "\r\n").encode("utf-8"),
         why="Windows line ends")
    case("encoding_utf16", refused("binary content"), data=sample().encode("utf-16"),
         why="UTF-16 (NUL bytes): not a text report this version reads")
    case("invalid_utf8_byte", loaded(AMOUNTS, ["bytes that are not valid UTF-8"]),
         data=data[:5000] + b"\xff\xff" + data[5000:], why="two bytes that are not UTF-8 in the running text")
    case("invalid_utf8_in_cell", loaded(AMOUNTS - 1, ["bytes that are not valid UTF-8", "cannot read '2,7\ufffd8.56'"]),
         data=cell_02("2,7\udcff8.56").encode("utf-8", "surrogateescape"), why="a byte that is not UTF-8 inside an amount")
    case("not_utf8_nor_gb18030", refused("neither UTF-8 nor GB18030"),
         data=bytes(range(0x80, 0x100)) * 40 + data, why="many bytes that are text in neither encoding")
    # -- not a report, or nothing of one -------------------------------------------------------------
    case("empty", refused("the file is empty"), text="", why="an empty file")
    case("whitespace_only", refused("the file is empty"), text=" \n\t\n  \n", why="blank lines only")
    case("nul_inside", refused("binary content"), data=data[:20000] + b"\x00" + data[20000:],
         why="a NUL byte in the middle (the database cannot store it)")
    case("random_bytes", refused("not a text report"), data=random.Random(14).randbytes(200_000),
         why="random bytes named .txt")
    rng = random.Random(7)
    junk = "\n".join("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(60)) for _ in range(2000))
    case("junk_cjk_text", refused("not a final-accounts report"), text=junk, why="360 KB of random CJK text")
    case("contents_only", refused("not a final-accounts report"), text=lines_until("第一部分 安阳市公安局概况", 0),
         why="the cover and the contents list only")
    case("no_fiscal_year", refused("no fiscal year"),
         text=sample().replace("2023 年度", "本年度").replace("2023年度", "本年度"), why="the year removed everywhere")
    case("long_line", refused("not a final-accounts report"), text="收入支出决算总表\n" + "2" * 200_000,
         why="a 200 KB line of digits")
    case("many_tabs", loaded(AMOUNTS - 7, ["row of 公开02 could not be matched to its 9 columns"]),
         text=once(sample(), ROW_02, ROW_02 + "\t" * 5000 + "1"),
         why="a row of 公开02 with 5,000 extra cells (the aligner must not explode)")
    case("tabs_as_spaces", loaded(AMOUNTS),
         text=once(sample(), ROW_02, ROW_02.replace("\t", "    ")),
         why="one row of 公开02 printed with runs of spaces for tabs: still a row of the table")
    case("markup_injected", loaded(AMOUNTS), text=once(sample(), "一般行政管理事务\t2,728.56",
                                                        "<script>一般行政管理事务</script>\t2,728.56"),
         why="HTML in a row label")


def make_binary_cases() -> None:
    xlsx = (DATA / "anyang-police-2023-final-accounts.xlsx").read_bytes()
    xls = (DATA / "anyang-police-2023-final-accounts.xls").read_bytes()
    pdf = (DATA / "anyang-police-2023-final-accounts.pdf").read_bytes()
    text = sample().encode("utf-8")
    case("xlsx_cut_half", refused("not a readable .xlsx workbook"), data=xlsx[: len(xlsx) // 2], suffix=".xlsx",
         why="a workbook cut in half")
    case("xlsx_text_inside", refused("not a readable .xlsx workbook"), data=text, suffix=".xlsx",
         why="a text file named .xlsx")
    case("xlsx_empty", refused("the file is empty"), data=b"", suffix=".xlsx", why="an empty .xlsx")
    case("xlsx_zip_bomb", refused("unpacks to"), data=zip_bomb(xlsx), suffix=".xlsx",
         why="a zip bomb: a few hundred KB that unpack to a 300 MB sheet")
    case("xlsx_many_cells", refused("cells, over the limit"), data=many_cells(xlsx), suffix=".xlsx",
         why="a workbook of 1.2 million tiny cells (under the unpacked limit)")
    case("xlsx_flipped_bytes", refused("not a readable .xlsx workbook"), data=flip(xlsx, 2000, 400), suffix=".xlsx",
         why="a workbook with 400 bytes of its middle overwritten")
    case("xlsx_text_cell", loaded(FIXTURE_AMOUNTS - 1, ["cannot read 'abc'", "the report looks cut short"],
                                  "the file ends before 第三部分"),
         data=xlsx_cell(xlsx, "2,728.56", "abc"), suffix=".xlsx", why="a text cell in 公开02 of the workbook")
    case("xls_cut_half", refused("not a readable .xls workbook"), data=xls[: len(xls) // 2], suffix=".xls",
         why="an .xls cut in half")
    case("xls_is_xlsx", refused("not a readable .xls workbook"), data=xlsx, suffix=".xls",
         why="an .xlsx named .xls")
    case("pdf_cut_half", refused("a damaged PDF"), data=pdf[: len(pdf) // 2], suffix=".pdf",
         why="a PDF cut in half")
    case("pdf_header_only", refused("PDF"), data=b"%PDF-1.7\n", suffix=".pdf", why="a PDF header and nothing else")
    case("pdf_is_text", refused("not a PDF"), data=text, suffix=".pdf", why="a text file named .pdf")
    case("pdf_random", refused("not a PDF"), data=random.Random(3).randbytes(100_000), suffix=".pdf",
         why="random bytes named .pdf")
    case("pdf_encrypted", refused("password"), fixture="encrypted.pdf",
         why="a PDF that needs a password")
    case("pdf_scanned", refused("a scanned PDF"), fixture="scanned-page.pdf",
         why="a scan without a text layer")
    case("pdf_template", refused("a blank template"), fixture="final-accounts-template-2024.pdf", why="the published blank form")
    case("unsupported_suffix", refused("unsupported file type .docx"), data=text, suffix=".docx",
         why="a suffix this version does not read")


def make_special_cases() -> None:
    """Cases no repository can hold: made by the test in a temporary folder."""
    case("fifo", refused("FIFO"), make="fifo", why="a FIFO named like a report (reading it would hang)")
    case("dev_zero_link", refused("character device"), make="link_dev_zero",
         why="a symbolic link to /dev/zero named like a report (reading it never ends)")
    case("link_loop", refused("a loop of symbolic links"), make="link_loop", why="two links pointing at each other")
    case("dangling_link", refused("no such file"), make="dangling_link", why="a link to a file that is gone")
    case("path_too_long", refused("the path is too long"), make="path_too_long",
         why="a report in folders nested deeper than PATH_MAX (the folder scan must go on)")
    case("name_not_utf8", loaded(AMOUNTS), make="name_not_utf8",
         why="the sample under a file name with bytes that are not UTF-8 (shown escaped)")
    case("over_size_limit", refused("over the limit"), make="over_size_limit",
         why="a 101 MB file (sparse) over the default 100 MB limit: refused before it is read")


# -- binary damages ---------------------------------------------------------------------------------------

def zip_bomb(xlsx: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with bomb.open(info.filename, "w", force_zip64=True) as sheet:
                    sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                                b'spreadsheetml/2006/main"><sheetData>')
                    row = b"<row>" + b'<c t="inlineStr"><is><t>0</t></is></c>' * 4000 + b"</row>"
                    for _ in range(300 * (1 << 20) // len(row)):
                        sheet.write(row)
                    sheet.write(b"</sheetData></worksheet>")
            else:
                bomb.writestr(info, source.read(info.filename))
    return out.getvalue()


def many_cells(xlsx: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                row = b"<row>" + b"<c/>" * 1000 + b"</row>"
                book.writestr(info.filename, b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                              b'.org/spreadsheetml/2006/main"><sheetData>' + row * 1200 + b"</sheetData></worksheet>")
            else:
                book.writestr(info, source.read(info.filename))
    return out.getvalue()


def xlsx_cell(xlsx: bytes, printed: str, new: str) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)) and f"{cell.value:,.2f}" == printed:
                    cell.value = new
                    out = io.BytesIO()
                    book.save(out)
                    return out.getvalue()
    raise AssertionError(printed)


def flip(data: bytes, start: int, length: int) -> bytes:
    middle = len(data) // 2 + start
    return data[:middle] + bytes(random.Random(5).randbytes(length)) + data[middle + length:]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    make_text_cases()
    make_binary_cases()
    make_special_cases()
    manifest = {"about": "Generated by tests/malformed/make_malformed.py: malformed inputs and what each must give.",
                "sample_amounts": AMOUNTS, "cases": CASES}
    (HERE / "manifest.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"{len(CASES)} cases written to {HERE / 'manifest.yml'}")


if __name__ == "__main__":
    main()
