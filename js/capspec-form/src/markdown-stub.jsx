// Stands in for `markdown-to-jsx/react` in the bundle (build.mjs aliases it here): rjsf renders
// markdown only where a uiSchema asks for it (`enableMarkdownInDescription`, which this page
// never sets) and in messages of its own, so text shown as written is enough, and the page is
// 85 kB lighter.

export function Markdown({ children, options: _options, ...rest }) {
  return <span {...rest}>{children}</span>;
}

export default Markdown;
