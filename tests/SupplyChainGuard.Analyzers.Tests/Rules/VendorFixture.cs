using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// A small "vendor" assembly, <c>AipFixtures</c>, compiled in memory with everything the Baidu SDK lacks:
    /// user-defined operators and conversions, an enumerable, an awaitable, a disposable, a record, a struct with
    /// <c>Deconstruct</c>, query methods, a delegate, an attribute, virtual members. Its namespace,
    /// <c>Baidu.Aip.Fixtures</c>, is under the <see cref="Policies.BaiduByNamespace"/> ban.
    /// </summary>
    internal static class VendorFixture
    {
        public const string AssemblyName = "AipFixtures";

        public const string Source = """
            #nullable enable
            using System;
            using System.Collections;
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading.Tasks;

            namespace Baidu.Aip.Fixtures
            {
                public sealed class Money
                {
                    public Money(decimal amount) { Amount = amount; }
                    public decimal Amount { get; }
                    public static implicit operator Money(int amount) => new Money(amount);
                    public static explicit operator Money(float amount) => new Money((decimal)amount);
                    public static explicit operator decimal(Money money) => money.Amount;
                    public static Money operator +(Money left, int right) => new Money(left.Amount + right);
                    public static Money operator -(Money money) => new Money(-money.Amount);
                    public static Money operator ++(Money money) => new Money(money.Amount + 1);
                    public static Money operator &(Money left, Money right) => left;
                }

                public struct Point
                {
                    public int X;
                    public int Y;
                    public static implicit operator Point(int value) => new Point { X = value, Y = value };
                    public static Point operator +(Point left, Point right) => new Point { X = left.X + right.X, Y = left.Y + right.Y };
                    public void Deconstruct(out int x, out int y) { x = X; y = Y; }
                }

                public sealed class Batch : IEnumerable<string>
                {
                    private readonly List<string> _items = new List<string>();
                    public void Add(string item) => _items.Add(item);
                    public IEnumerator<string> GetEnumerator() => _items.GetEnumerator();
                    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
                }

                /// <summary>Enumerable only through explicit interface implementations: foreach names nothing of it.</summary>
                public sealed class Pages : IEnumerable<int>
                {
                    IEnumerator<int> IEnumerable<int>.GetEnumerator() { yield return 1; }
                    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<int>)this).GetEnumerator();
                }

                public sealed class Job
                {
                    public JobAwaiter GetAwaiter() => default;
                }

                public readonly struct JobAwaiter : INotifyCompletion
                {
                    public bool IsCompleted => true;
                    public int GetResult() => 0;
                    public void OnCompleted(Action continuation) => continuation();
                }

                public sealed class Session : IDisposable, IAsyncDisposable
                {
                    public void Dispose() { }
                    public ValueTask DisposeAsync() => default;
                }

                public record Settings(string Region, int Retries);

                public delegate void Callback(string text);

                public sealed class Source<T> { }

                public static class SourceQueries
                {
                    public static Source<TResult> Select<T, TResult>(this Source<T> source, Func<T, TResult> selector) => new Source<TResult>();
                    public static Source<T> Where<T>(this Source<T> source, Func<T, bool> predicate) => source;
                }

                [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
                public sealed class TracedAttribute : Attribute
                {
                    public TracedAttribute() { }
                    public TracedAttribute(Type type) { }
                    public int Level { get; set; }
                }

                public enum Region { North, South }

                public static class Limits
                {
                    public const int MaxRetries = 3;
                }

                public abstract class Handler
                {
                    public abstract void Handle();
                    public virtual int Priority => 0;
                    public virtual event Action? Changed;
                    public void Raise() => Changed?.Invoke();
                }

                public class Ledger
                {
                    public Ledger(string name) { }
                }

                public interface IScanner
                {
                    string Scan(byte[] image);
                }

                public class Outer<T>
                {
                    public class Inner<U>
                    {
                        public static void Run() { }
                    }
                }

                public sealed class Registry
                {
                    public Callback? OnScanned;
                    public event EventHandler? Scanned;
                    public int Count;
                    public int this[string key] => key.Length;
                    public static void Log(string text) { }
                    public void Notify() => Scanned?.Invoke(this, EventArgs.Empty);
                }
            }
            """;

        private static readonly Lazy<Task<MetadataReference>> Image = new Lazy<Task<MetadataReference>>(CompileAsync, LazyThreadSafetyMode.ExecutionAndPublication);

        public static Task<MetadataReference> ReferenceAsync() => Image.Value;

        /// <summary>An analyzer test over <paramref name="source"/> with the fixture referenced and unsafe code allowed.</summary>
        public static async Task AnalyzeAsync<TAnalyzer>(string source, string policy, params DiagnosticResult[] expected)
            where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
        {
            var test = Verify<TAnalyzer>.Create(source, policy);
            test.TestState.AdditionalReferences.Add(await ReferenceAsync());
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(projectId, options.WithAllowUnsafe(true));
            });
            test.ExpectedDiagnostics.AddRange(expected);
            await test.RunAsync(CancellationToken.None);
        }

        private static async Task<MetadataReference> CompileAsync()
        {
            var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            var compilation = CSharpCompilation.Create(AssemblyName,
                new[] { CSharpSyntaxTree.ParseText(Source, new CSharpParseOptions(LanguageVersion.Latest)) },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            using var image = new MemoryStream();
            var result = compilation.Emit(image);
            if (!result.Success)
            {
                throw new InvalidOperationException("the vendor fixture does not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }

            return MetadataReference.CreateFromImage(ImmutableArray.Create(image.ToArray()));
        }
    }
}
