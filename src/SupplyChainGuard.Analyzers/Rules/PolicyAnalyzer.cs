using Microsoft.CodeAnalysis.Diagnostics;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// What every SDK-usage rule sets up the same way: concurrent, generated code analysed (the policy may
    /// say to skip it), and nothing registered unless the compilation has a valid policy with work for the rule.
    /// </summary>
    public abstract class PolicyAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var index = PublisherIndex.Get(start.Compilation, start.Options, start.CancellationToken);
                if (index is not null && HasWork(index))
                {
                    Register(start, index);
                }
            });
        }

        /// <summary>Whether the policy gives this rule anything to look for in this compilation.</summary>
        private protected abstract bool HasWork(PublisherIndex index);

        private protected abstract void Register(CompilationStartAnalysisContext context, PublisherIndex index);
    }
}
