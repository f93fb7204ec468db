#!/usr/bin/env python3
"""Packages the VS Code extension as dgenerate-VERSION.vsix, reproducibly: the same sources
give the same bytes (entries in a fixed order, fixed timestamps and permissions). The grammar
is taken from grammars/dgenerate.tmLanguage.json, the one the tests check.

    python3 editors/vscode/package.py [OUTPUT_DIR]     (default: .build/)
"""
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
FILES = ["package.json", "language-configuration.json", "extension.js", "README.md"]
STAMP = (1980, 1, 1, 0, 0, 0)


def manifest(package):
    return f"""<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011">
  <Metadata>
    <Identity Language="en-US" Id="{package['name']}" Version="{package['version']}" Publisher="{package['publisher']}"/>
    <DisplayName>{package['displayName']}</DisplayName>
    <Description xml:space="preserve">{package['description']}</Description>
    <Categories>{','.join(package['categories'])}</Categories>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="{package['engines']['vscode']}"/>
    </Properties>
  </Metadata>
  <Installation><InstallationTarget Id="Microsoft.VisualStudio.Code"/></Installation>
  <Dependencies/>
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true"/>
  </Assets>
</PackageManifest>
"""


CONTENT_TYPES = """<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension=".json" ContentType="application/json"/>
  <Default Extension=".js" ContentType="application/javascript"/>
  <Default Extension=".md" ContentType="text/markdown"/>
  <Default Extension=".vsixmanifest" ContentType="text/xml"/>
</Types>
"""


def add(archive, name, data):
    info = zipfile.ZipInfo(name, STAMP)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build")
    os.makedirs(output, exist_ok=True)
    with open(os.path.join(HERE, "package.json"), encoding="utf-8") as f:
        package = json.load(f)
    path = os.path.join(output, f"dgenerate-{package['version']}.vsix")
    with zipfile.ZipFile(path, "w") as archive:
        add(archive, "[Content_Types].xml", CONTENT_TYPES)
        add(archive, "extension.vsixmanifest", manifest(package))
        for name in FILES:
            with open(os.path.join(HERE, name), "rb") as f:
                add(archive, "extension/" + name, f.read())
        with open(os.path.join(ROOT, "grammars", "dgenerate.tmLanguage.json"), "rb") as f:
            add(archive, "extension/syntaxes/dgenerate.tmLanguage.json", f.read())
    print(path)


if __name__ == "__main__":
    main()
