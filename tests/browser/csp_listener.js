// Added to every page before its own scripts: records what its Content-Security-Policy refuses.
window.__refused = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__refused.push(`${e.violatedDirective} ${e.blockedURI}`));
