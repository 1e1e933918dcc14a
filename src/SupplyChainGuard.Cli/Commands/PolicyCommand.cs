using System.CommandLine;
using System.IO;
using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Cli.Commands
{
    /// <summary><c>scg policy validate [file]</c>: the policy's problems with file, line and column, as SCG0901 says them in the build.</summary>
    internal static class PolicyCommand
    {
        public static Command Create(CliConsole console)
        {
            var file = new Argument<string?>("file")
            {
                Description = "The policy file (default: the nearest supplychainguard.json at or above the current folder).",
                Arity = ArgumentArity.ZeroOrOne,
            };
            var validate = new Command("validate", "Validate a policy file and every file it extends; exit 2 when it is invalid.") { file };
            validate.SetAction(parse => Validate(console, parse.GetValue(file)));
            return new Command("policy", "Work with supplychainguard.json.") { validate };
        }

        private static int Validate(CliConsole console, string? file)
        {
            var path = file is null ? Nearest(console.CurrentDirectory) : Path.GetFullPath(Path.Combine(console.CurrentDirectory, file));
            if (path is null)
            {
                throw new UsageException($"there is no supplychainguard.json at or above '{console.CurrentDirectory}'; name the file, or create one with 'scg init'.");
            }

            var load = PolicyLoader.LoadFile(path);
            if (load.Policy is null)
            {
                foreach (var problem in load.Diagnostics)
                {
                    var where = problem.Location.Line > 0 ? $"{problem.Location.FilePath}({problem.Location.Line},{problem.Location.Column})" : problem.Location.FilePath;
                    console.Output.WriteLine($"{where}: error {RuleIdentifiers.InvalidPolicy}: The policy is invalid: {FindingText.PolicyProblem(problem)}");
                }

                console.Output.WriteLine($"{path}: invalid ({load.Diagnostics.Count} {(load.Diagnostics.Count == 1 ? "problem" : "problems")}).");
                return ExitCodes.UsageOrInput;
            }

            var policy = load.Policy;
            var today = System.DateTime.UtcNow.Date;
            foreach (var waiver in policy.Waivers.Where(w => w.IsExpired(today)))
            {
                console.Output.WriteLine($"{waiver.Location}: warning {RuleIdentifiers.WaiverExpired}: {FindingText.WaiverExpired(waiver)}");
            }

            var restricted = policy.Vendors.Count(policy.IsRestricted);
            console.Output.WriteLine($"{path}: valid. Mode {policy.Mode.ToString().ToLowerInvariant()}; {policy.Vendors.Count} vendors ({restricted} restricted); {policy.Waivers.Count} waivers"
                + (policy.SourceFiles.Count > 1 ? "; read from " + string.Join(", ", policy.SourceFiles) : string.Empty) + ".");
            return ExitCodes.Clean;
        }

        internal static string? Nearest(string directory)
        {
            for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
            {
                var candidate = Path.Combine(at.FullName, "supplychainguard.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
