using System.ComponentModel;
using System.Diagnostics;

namespace Zarr.Buffers.Tests.Servers;

/// <summary>Runs a program to its end, reading its output and error streams together so neither can fill and stall it.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="program"/> and returns its exit code and output; a run past <paramref name="timeout"/> is killed.</summary>
    /// <exception cref="Win32Exception">The program is not on PATH.</exception>
    /// <exception cref="TimeoutException">The program ran longer than <paramref name="timeout"/>.</exception>
    public static async Task<ProcessResult> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        using var process = Process.Start(start)!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var errors = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            return new ProcessResult(process.ExitCode, await output, await errors);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{program} {string.Join(' ', arguments)}` in {workingDirectory} did not finish within {timeout.TotalMinutes:0.#} minutes.");
        }
    }
}
