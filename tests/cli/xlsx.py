#!/usr/bin/env python3
"""xlsx.py - .xlsx workbooks for the CLI tests and the benchmark, with the
standard library only.

  xlsx.py write OUT.xlsx CSV [--sheet NAME] [--title TEXT] [--dates COLS]
          [--prefix x] [--inline] [--extra-sheet NAME]
      A workbook whose sheet holds the rows of the UTF-8 CSV file: strings
      shared (or inline with --inline), numbers as numbers, and the cells
      of the 0-based columns COLS (comma-separated) that hold ISO dates as
      Excel serial numbers in a date format, as Excel stores typed dates.
      --title puts a title row above the header, --prefix writes every
      element with a namespace prefix, --extra-sheet puts another sheet
      first (so the records are not on the first sheet).

  xlsx.py dump FILE.xlsx [--sheet NAME]
      Every row of the sheet as tab-separated cells (shared strings,
      inline strings and numbers; dates as serial numbers).

  xlsx.py fill FILE.xlsx HEADER=ROWKEY:VALUE ...
      Fill in a work list as a unit would: in the row whose first cell is
      ROWKEY, set the cell under header HEADER to VALUE (a string, or a
      date 'date:YYYY-MM-DD' stored as an Excel serial), then save.

  xlsx.py validations FILE.xlsx
      The data validations (drop-down lists) of the first sheet:
      "RANGE<TAB>FORMULA" a line.

  xlsx.py info FILE.xlsx
      Sheet names, frozen panes and auto-filter of each sheet.
"""
import csv
import datetime
import re
import sys
import zipfile
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PNS = "http://schemas.openxmlformats.org/package/2006/relationships"
EPOCH = datetime.date(1899, 12, 30)


def col_letters(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def col_number(ref):
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + ord(ch) - 64
    return n


def serial(iso):
    return (datetime.date.fromisoformat(iso) - EPOCH).days


def is_number(v):
    return re.fullmatch(r"-?\d+(\.\d+)?", v) is not None and not (len(v) > 1 and v[0] == "0" and v[1] != ".")


def write(out, rows, sheet="Sheet1", title=None, date_cols=(), prefix=False, inline=False,
          extra_sheet=None):
    """Write rows (any iterable: a million-row export streams through)."""
    p = "x:" if prefix else ""
    xmlns = 'xmlns:x="%s"' % NS if prefix else 'xmlns="%s"' % NS
    strings, index = [], {}

    def sst(v):
        i = index.get(v)
        if i is None:
            i = index[v] = len(strings)
            strings.append(v)
        return i

    def row_xml(rn, row, header):
        cells = []
        for j, v in enumerate(row):
            if v == "":
                continue
            ref = "%s%d" % (col_letters(j + 1), rn)
            if not header and j in date_cols and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                cells.append('<%sc r="%s" s="1"><%sv>%d</%sv></%sc>' % (p, ref, p, serial(v), p, p))
            elif not header and is_number(v):
                cells.append('<%sc r="%s"><%sv>%s</%sv></%sc>' % (p, ref, p, v, p, p))
            elif inline:
                cells.append('<%sc r="%s" t="inlineStr"><%sis><%st xml:space="preserve">%s</%st></%sis></%sc>'
                             % (p, ref, p, p, escape(v), p, p, p))
            else:
                cells.append('<%sc r="%s" t="s"><%sv>%d</%sv></%sc>' % (p, ref, p, sst(v), p, p))
        return '<%srow r="%d">%s</%srow>' % (p, rn, "".join(cells), p)

    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              # Style 0 is "General" declared as a custom format, as
              # LibreOffice writes it; style 1 a Chinese date format.
              '<styleSheet xmlns="%s"><numFmts count="2"><numFmt numFmtId="164" '
              'formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
              '<numFmt numFmtId="165" formatCode="General"/></numFmts>'
              '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
              '<cellXfs count="2"><xf numFmtId="165"/><xf numFmtId="164" applyNumberFormat="1"/>'
              '</cellXfs></styleSheet>' % NS)
    sheets = [(extra_sheet, "sheet2.xml")] if extra_sheet else []
    sheets.append((sheet, "sheet1.xml"))
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<workbook xmlns="%s" xmlns:r="%s"><sheets>%s</sheets></workbook>'
          % (NS, RNS, "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(n), i + 1, i + 1)
                              for i, (n, _) in enumerate(sheets))))
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="%s">%s'
            '<Relationship Id="rIdS" Type="%s/styles" Target="styles.xml"/>'
            '<Relationship Id="rIdT" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>'
            % (PNS, "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/%s"/>'
                            % (i + 1, RNS, f) for i, (_, f) in enumerate(sheets)), RNS, RNS))
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '</Types>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/styles.xml", styles)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            buf = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<%sworksheet %s><%ssheetData>' % (p, xmlns, p)]
            rn = 1
            if title is not None:
                buf.append(row_xml(1, [title], True))
                rn = 2
            for i, row in enumerate(rows):
                buf.append(row_xml(rn + i, row, i == 0))
                if len(buf) >= 4096:
                    f.write("".join(buf).encode())
                    buf = []
            buf.append('</%ssheetData></%sworksheet>' % (p, p))
            f.write("".join(buf).encode())
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<sst xmlns="%s" count="%d" uniqueCount="%d">' % (NS, len(strings), len(strings))).encode())
            for k in range(0, len(strings), 4096):
                f.write("".join('<si><t xml:space="preserve">%s</t></si>' % escape(x)
                                for x in strings[k:k + 4096]).encode())
            f.write(b"</sst>")
        if extra_sheet:
            z.writestr("xl/worksheets/sheet2.xml",
                       '<?xml version="1.0"?><worksheet xmlns="%s"><sheetData><row r="1">'
                       '<c r="A1" t="inlineStr"><is><t>说明</t></is></c></row></sheetData></worksheet>' % NS)


def q(tag):
    return "{%s}%s" % (NS, tag)


def sheet_part(z, name=None):
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for s in wb.iter(q("sheet")):
        if name is None or s.get("name") == name:
            t = targets[s.get("{%s}id" % RNS)]
            return t.lstrip("/") if t.startswith("/") else "xl/" + t
    raise SystemExit("no sheet %r" % name)


def shared(z):
    try:
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    return ["".join(t.text or "" for t in si.iter(q("t"))) for si in root.iter(q("si"))]


def cell_text(c, strings):
    t = c.get("t")
    if t == "s":
        return strings[int(c.find(q("v")).text)]
    if t == "inlineStr":
        return "".join(x.text or "" for x in c.iter(q("t")))
    v = c.find(q("v"))
    return v.text if v is not None and v.text else ""


def dump(path, name=None):
    with zipfile.ZipFile(path) as z:
        strings = shared(z)
        root = ET.fromstring(z.read(sheet_part(z, name)))
    for row in root.iter(q("row")):
        cells = {}
        for c in row.iter(q("c")):
            cells[col_number(c.get("r"))] = cell_text(c, strings)
        if cells:
            print("\t".join(cells.get(i, "") for i in range(1, max(cells) + 1)))


def fill(path, edits):
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
        strings = shared(z)
        part = sheet_part(z)
    ET.register_namespace("", NS)
    for prefix, uri in (("r", RNS), ("mc", "http://schemas.openxmlformats.org/markup-compatibility/2006"),
                        ("x14ac", "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"),
                        ("xr", "http://schemas.microsoft.com/office/spreadsheetml/2014/revision")):
        ET.register_namespace(prefix, uri)
    root = ET.fromstring(items[part])
    rows = list(root.iter(q("row")))
    header = None
    for row in rows:
        texts = {col_number(c.get("r")): cell_text(c, strings) for c in row.iter(q("c"))}
        if "整改情况" in texts.values():
            header = {v: k for k, v in texts.items()}
            break
    if header is None:
        raise SystemExit("no header with 整改情况")
    for e in edits:
        h, rest = e.split("=", 1)
        key, value = rest.split(":", 1)
        col = header[h]
        for row in rows:
            first = [c for c in row.iter(q("c")) if col_number(c.get("r")) == 1]
            if not first or cell_text(first[0], strings) != key:
                continue
            ref = "%s%s" % (col_letters(col), row.get("r"))
            cell = [c for c in row.iter(q("c")) if c.get("r") == ref]
            if cell:
                c = cell[0]
                for child in list(c):
                    c.remove(child)
            else:
                c = ET.SubElement(row, q("c"), {"r": ref})
                # cells in column order, as Excel writes them
                cs = sorted(row.findall(q("c")), key=lambda x: col_number(x.get("r")))
                for x in list(row):
                    row.remove(x)
                row.extend(cs)
            for a in ("t",):
                c.attrib.pop(a, None)
            if value.startswith("date:"):
                ET.SubElement(c, q("v")).text = str(serial(value[5:]))
            else:
                c.set("t", "inlineStr")
                is_ = ET.SubElement(c, q("is"))
                ET.SubElement(is_, q("t")).text = value
            break
        else:
            raise SystemExit("no row %r" % key)
    items[part] = ET.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in items.items():
            z.writestr(n, data)


def validations(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read(sheet_part(z)))
    for dv in root.iter(q("dataValidation")):
        f = dv.find(q("formula1"))
        print("%s\t%s" % (dv.get("sqref"), f.text if f is not None else ""))


def info(path):
    with zipfile.ZipFile(path) as z:
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        for s in wb.iter(q("sheet")):
            root = ET.fromstring(z.read(sheet_part(z, s.get("name"))))
            pane = root.find(".//" + q("pane"))
            af = root.find(q("autoFilter"))
            print("%s\tpane=%s\tfilter=%s" % (s.get("name"),
                                                pane.get("topLeftCell") if pane is not None else "-",
                                                af.get("ref") if af is not None else "-"))


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    cmd, path = argv[1], argv[2]
    opts = argv[3:]
    if cmd == "write":
        src = opts[0]
        kw = {}
        i = 1
        while i < len(opts):
            o = opts[i]
            if o == "--sheet":
                kw["sheet"] = opts[i + 1]; i += 2
            elif o == "--title":
                kw["title"] = opts[i + 1]; i += 2
            elif o == "--dates":
                kw["date_cols"] = {int(x) for x in opts[i + 1].split(",")}; i += 2
            elif o == "--extra-sheet":
                kw["extra_sheet"] = opts[i + 1]; i += 2
            elif o == "--prefix":
                kw["prefix"] = True; i += 1
            elif o == "--inline":
                kw["inline"] = True; i += 1
            else:
                raise SystemExit("unknown option %s" % o)
        csv.field_size_limit(sys.maxsize)
        with open(src, encoding="utf-8-sig", newline="") as f:
            write(path, csv.reader(f), **kw)
    elif cmd == "dump":
        dump(path, opts[1] if opts[:1] == ["--sheet"] else None)
    elif cmd == "fill":
        fill(path, opts)
    elif cmd == "validations":
        validations(path)
    elif cmd == "info":
        info(path)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    try:
        main(sys.argv)
    except BrokenPipeError:     # `xlsx.py dump F | head -1`
        sys.stderr.close()
