import type { ProposalAnalysis } from '@/lib/governance/get-proposal-or-throw'

/** What the panel reads: a stored analysis (`ProposalAnalysis`) and the analyst's own output (`Analysis`) both fit. */
export type AnalysisPanelAnalysis = Pick<ProposalAnalysis, 'provider' | 'riskScore' | 'level' | 'summary' | 'findings'> & {
  model?: string | null
}

/**
 * The analyst's view of a proposal as a DAO member should read it: level and score in colour, the
 * summary, then each finding with its evidence. Says plainly when no model wrote it.
 */
export function AnalysisPanel({ analysis }: { analysis: AnalysisPanelAnalysis | null }) {
  return (
    <section aria-labelledby="analysis-heading" className="card analysis" data-testid="analysis">
      <h2 id="analysis-heading">Analyst</h2>
      {analysis ? (
        <>
          <p>
            <strong className={`risk risk-${analysis.level}`} data-testid="risk-level">
              {analysis.level} risk
            </strong>{' '}
            <span data-testid="risk-score">({analysis.riskScore}/100)</span> ·{' '}
            {analysis.provider === 'openai' ? `AI summary by ${analysis.model ?? 'OpenAI'}` : 'offline analysis (rules, no AI)'}
          </p>
          <p data-testid="analysis-tldr">{analysis.summary.tldr}</p>
          <ul>
            {analysis.summary.bullets.map((bullet, i) => (
              <li key={i}>{bullet}</li>
            ))}
          </ul>
          {analysis.findings.length > 0 && (
            <>
              <h3>Findings</h3>
              <ul className="findings">
                {analysis.findings.map((finding, i) => (
                  <li key={i} data-testid="finding">
                    <strong className={`risk risk-${finding.severity}`}>{finding.severity}</strong> {finding.message}
                    {finding.evidence && <div className="mono empty">{finding.evidence}</div>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : (
        <p className="empty">Not analyzed yet.</p>
      )}
    </section>
  )
}
