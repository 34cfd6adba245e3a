import ReactMarkdown from 'react-markdown'
import remarkGfm from 'remark-gfm'

/**
 * Proposal text is untrusted: raw HTML is dropped (never parsed), link and image URLs pass
 * react-markdown's safe-protocol filter, and links open without referrer or opener.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        components={{
          a: ({ href, children: text }) => (
            <a href={href} rel="nofollow noopener noreferrer" target="_blank">
              {text}
            </a>
          ),
          img: ({ alt }) => <span className="empty">[image: {alt || 'no description'}]</span>,
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  )
}
