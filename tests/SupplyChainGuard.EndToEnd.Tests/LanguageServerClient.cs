using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>A diagnostic as a language server sends it: which channel, which document, where, what.</summary>
    internal sealed record LspDiagnostic(string Channel, string Uri, int Line, int Character, int Severity, string Code, string Message)
    {
        public override string ToString() => $"{Channel} {Uri}({Line + 1},{Character + 1}): {Severity} {Code}: {Message}";
    }

    /// <summary>
    /// The client side of the Language Server Protocol, as small as an editor's: JSON-RPC 2.0 over the server's
    /// stdin and stdout with Content-Length framing. It answers the requests a server makes of its client
    /// (<c>workspace/configuration</c> with the given settings, registrations, progress), keeps every
    /// <c>textDocument/publishDiagnostics</c>, and pulls <c>workspace/diagnostic</c> on request.
    /// </summary>
    internal sealed class LanguageServerClient : IDisposable
    {
        private readonly Process _process;
        private readonly Stream _input;
        private readonly JsonObject _settings;
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
        private readonly ConcurrentDictionary<string, List<LspDiagnostic>> _published = new(StringComparer.Ordinal);
        private readonly StringBuilder _log = new();
        private readonly object _writeLock = new();
        private readonly Thread _reader;
        private int _nextId;

        public LanguageServerClient(string fileName, string workingDirectory, IDictionary<string, string> environment, JsonObject settings)
        {
            _settings = settings;
            var start = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["MSBuildExtensionsPath"] = null;
            foreach (var pair in environment)
            {
                start.Environment[pair.Key] = pair.Value;
            }

            _process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
            _input = _process.StandardInput.BaseStream;
            _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Log("stderr: " + e.Data); } };
            _process.BeginErrorReadLine();
            _reader = new Thread(ReadMessages) { IsBackground = true, Name = "lsp-reader" };
            _reader.Start();
        }

        /// <summary>Everything the server logged (<c>window/logMessage</c>, stderr), for a failure's message.</summary>
        public string Log()
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }

        /// <summary>The diagnostics last published for each document.</summary>
        public IReadOnlyList<LspDiagnostic> Published() => _published.Values.SelectMany(list => { lock (list) { return list.ToList(); } }).ToList();

        public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
        {
            var id = Interlocked.Increment(ref _nextId);
            var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = completion;
            Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            var finished = await Task.WhenAny(completion.Task, Task.Delay(timeout));
            if (finished != completion.Task)
            {
                _pending.TryRemove(id, out _);
                throw new TimeoutException($"{method} got no answer in {timeout}");
            }

            return await completion.Task;
        }

        public void Notify(string method, JsonNode? parameters) =>
            Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

        /// <summary>Pulls every document's diagnostics from the server (LSP 3.17 <c>workspace/diagnostic</c>).</summary>
        public async Task<IReadOnlyList<LspDiagnostic>> PullWorkspaceDiagnosticsAsync(TimeSpan timeout)
        {
            var report = await RequestAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() }, timeout);
            var found = new List<LspDiagnostic>();
            foreach (var item in report?["items"]?.AsArray() ?? new JsonArray())
            {
                var uri = (string?)item?["uri"] ?? string.Empty;
                found.AddRange(Diagnostics("workspace/diagnostic", uri, item?["items"]?.AsArray()));
            }

            return found;
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                    RequestAsync("shutdown", null, TimeSpan.FromSeconds(15)).Wait(cancel.Token);
                    Notify("exit", null);
                    _process.WaitForExit(10_000);
                }
            }
            catch (Exception e) when (e is TimeoutException or AggregateException or IOException or OperationCanceledException or InvalidOperationException)
            {
                // The server is ended below either way.
            }
            finally
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                _process.Dispose();
            }
        }

        private void Log(string line)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }

        private void Send(JsonNode message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
            lock (_writeLock)
            {
                _input.Write(header);
                _input.Write(body);
                _input.Flush();
            }
        }

        private void ReadMessages()
        {
            var output = _process.StandardOutput.BaseStream;
            try
            {
                while (ReadMessage(output) is { } message)
                {
                    Dispatch(message);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or JsonException)
            {
                Log("reader stopped: " + e.Message);
            }

            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException("the language server closed its output"));
            }
        }

        private static JsonNode? ReadMessage(Stream stream)
        {
            var length = -1;
            while (true)
            {
                var line = ReadHeaderLine(stream);
                if (line is null)
                {
                    return null;
                }

                if (line.Length == 0)
                {
                    break;
                }

                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line.Substring("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var body = new byte[length];
            var read = 0;
            while (read < length)
            {
                var n = stream.Read(body, read, length - read);
                if (n == 0)
                {
                    return null;
                }

                read += n;
            }

            return JsonNode.Parse(body);
        }

        private static string? ReadHeaderLine(Stream stream)
        {
            var bytes = new List<byte>();
            while (true)
            {
                var b = stream.ReadByte();
                if (b < 0)
                {
                    return null;
                }

                if (b == '\n')
                {
                    return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
                }

                bytes.Add((byte)b);
            }
        }

        private void Dispatch(JsonNode message)
        {
            var method = (string?)message["method"];
            var id = message["id"];
            if (method is null && id is not null)
            {
                if (_pending.TryRemove(id.GetValue<int>(), out var completion))
                {
                    if (message["error"] is { } error)
                    {
                        completion.TrySetException(new InvalidOperationException("the server answered with an error: " + error.ToJsonString()));
                    }
                    else
                    {
                        completion.TrySetResult(message["result"]?.DeepClone());
                    }
                }

                return;
            }

            if (id is not null)
            {
                // A request of the server to its client.
                Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = Answer(method!, message["params"]) });
                return;
            }

            switch (method)
            {
                case "textDocument/publishDiagnostics":
                    var uri = (string?)message["params"]?["uri"] ?? string.Empty;
                    var list = Diagnostics("textDocument/publishDiagnostics", uri, message["params"]?["diagnostics"]?.AsArray()).ToList();
                    _published[uri] = list;
                    break;
                case "window/logMessage":
                case "window/showMessage":
                    Log((string?)message["params"]?["message"] ?? string.Empty);
                    break;
            }
        }

        /// <summary>What an editor answers: its settings for each section asked, and yes to registrations and progress.</summary>
        private JsonNode? Answer(string method, JsonNode? parameters)
        {
            if (method == "workspace/configuration")
            {
                var answers = new JsonArray();
                foreach (var item in parameters?["items"]?.AsArray() ?? new JsonArray())
                {
                    var section = (string?)item?["section"];
                    JsonNode? value = _settings;
                    foreach (var part in (section ?? string.Empty).Split('.', StringSplitOptions.RemoveEmptyEntries))
                    {
                        value = value?[part];
                    }

                    answers.Add(value?.DeepClone());
                }

                return answers;
            }

            return null;
        }

        private static IEnumerable<LspDiagnostic> Diagnostics(string channel, string uri, JsonArray? items)
        {
            foreach (var d in items ?? new JsonArray())
            {
                yield return new LspDiagnostic(
                    channel,
                    uri,
                    (int?)d?["range"]?["start"]?["line"] ?? -1,
                    (int?)d?["range"]?["start"]?["character"] ?? -1,
                    (int?)d?["severity"] ?? 0,
                    d?["code"] is JsonValue code ? code.ToString() : string.Empty,
                    (string?)d?["message"] ?? string.Empty);
            }
        }
    }
}
