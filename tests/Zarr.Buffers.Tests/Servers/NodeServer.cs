using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Zarr.Buffers.Tests.Servers;

/// <summary>
/// A server from tests/servers/node_modules/.bin (azurite-blob, s3rver) run by Node.js on a free loopback port, with a
/// fresh data folder; disposing it stops the process tree and deletes the folder. Where Node.js is missing the test
/// that starts it is skipped (see <see cref="NodePrograms"/>).
/// </summary>
internal sealed class NodeServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);

    private readonly Process _process;
    private readonly StringBuilder _log;

    private NodeServer(Process process, StringBuilder log, int port, string dataFolder)
    {
        _process = process;
        _log = log;
        Port = port;
        DataFolder = dataFolder;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>The server's own temp folder, deleted on dispose.</summary>
    public string DataFolder { get; }

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="program"/> (a name in node_modules/.bin) with the arguments
    /// <paramref name="arguments"/> gives for a free port and a fresh data folder, and the variables of
    /// <paramref name="environment"/> added to its environment, and waits until the port accepts connections.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server exited before it listened, or <c>npm ci</c> failed.</exception>
    /// <exception cref="TimeoutException">The server did not listen within a minute.</exception>
    public static async Task<NodeServer> StartAsync(
        string program,
        Func<int, string, IEnumerable<string>> arguments,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        await NodePrograms.SkipUnlessInstalledAsync();
        string script = ResolveScript(program);
        int port = FreeLoopbackPort();
        string dataFolder = Directory.CreateTempSubdirectory($"zarr-{program}-").FullName;
        var log = new StringBuilder();
        var process = StartProcess(script, arguments(port, dataFolder), environment ?? new Dictionary<string, string>(), log);
        var server = new NodeServer(process, log, port, dataFolder);
        try
        {
            await server.WaitUntilListeningAsync(program, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(DataFolder, recursive: true);
    }

    /// <summary>npm links each program in node_modules/.bin to its script; Node.js runs the script.</summary>
    /// <exception cref="InvalidOperationException">No such link (npm on Windows writes .cmd shims instead).</exception>
    private static string ResolveScript(string program)
    {
        var link = new FileInfo(Path.Combine(NodePrograms.Folder, "node_modules", ".bin", program));
        return link.ResolveLinkTarget(returnFinalTarget: true)?.FullName
            ?? throw new InvalidOperationException($"{link.FullName} is not a link to a script: is '{program}' in tests/servers/package.json?");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process StartProcess(
        string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, StringBuilder log)
    {
        var start = new ProcessStartInfo("node", [script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = NodePrograms.Folder,
        };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        DataReceivedEventHandler append = (_, line) =>
        {
            lock (log)
            {
                log.AppendLine(line.Data);
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilListeningAsync(string program, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                // The parameterless wait also waits for the redirected output to be read to its end.
                await _process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"{program} exited with code {_process.ExitCode} before it listened on 127.0.0.1:{Port}. It printed:\n{Log}");
            }

            if (await AcceptsConnectionAsync(cancellationToken))
            {
                return;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"{program} did not listen on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s. It printed:\n{Log}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<bool> AcceptsConnectionAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
