import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Markdown } from '@/app/components/markdown'

const render = (body: string) => renderToStaticMarkup(<Markdown>{body}</Markdown>)

describe('proposal markdown', () => {
  it('renders headings, emphasis, lists and tables', () => {
    const html = render('## Why\n\n**50,000 ARB** for _grants_\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |')
    expect(html).toContain('<h2>Why</h2>')
    expect(html).toContain('<strong>50,000 ARB</strong>')
    expect(html).toContain('<em>grants</em>')
    expect(html).toContain('<li>two</li>')
    expect(html).toContain('<td>2</td>')
  })

  it('drops raw HTML and script URLs from untrusted proposal text', () => {
    const html = render(
      [
        '<script>alert(1)</script>',
        '<img src=x onerror="alert(2)">',
        '<a href="https://evil.example">raw link</a>',
        '[click](javascript:alert(3))',
        '![pic](https://tracker.example/p.png)',
      ].join('\n\n'),
    )
    expect(html).not.toMatch(/<script|onerror|javascript:|<img|evil\.example|tracker\.example/i)
    expect(html).toContain('click')
  })

  it('opens links without handing over the opener or referrer', () => {
    const html = render('[forum](https://forum.example/t/1)')
    expect(html).toContain('href="https://forum.example/t/1"')
    expect(html).toContain('rel="nofollow noopener noreferrer"')
  })
})
