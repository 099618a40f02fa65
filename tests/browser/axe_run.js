// Runs axe-core (already injected) on the document, or on the elements a selector names; returns
// each violation as "rule (what it asks): the elements it found".
async ([selector, options]) => {
  const context = selector ? { include: [[selector]] } : document;
  const result = await axe.run(context, { resultTypes: ["violations"], ...options });
  return result.violations.flatMap((rule) =>
    rule.nodes.map((node) => `${rule.id} (${rule.help}): ${JSON.stringify(node.target)}`));
}
