#!/usr/bin/env bash
# Copies the parts of MathJax 3 that the site uses into docs/assets/mathjax/, from the npm
# registry's pinned package, so pages render formulas with no request outside the site.
# Run from the repository root: bash scripts/vendor-mathjax.sh
set -euo pipefail
version=3.2.2
dest=docs/assets/mathjax
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "mathjax@$version" >/dev/null && tar xzf "mathjax-$version.tgz")
src="$tmp/package"
rm -rf "$dest"
mkdir -p "$dest/input/tex" "$dest/output/chtml/fonts"
cp "$src/LICENSE" "$dest/LICENSE"
cp "$src/es5/tex-chtml.js" "$dest/"
cp -r "$src/es5/input/tex/extensions" "$dest/input/tex/"
cp -r "$src/es5/output/chtml/fonts/woff-v2" "$dest/output/chtml/fonts/"
echo "MathJax $version (Apache-2.0), from the npm package mathjax@$version by scripts/vendor-mathjax.sh" > "$dest/VERSION"
