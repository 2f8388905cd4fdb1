namespace Zarr.Buffers.Tests.Servers;

/// <summary>How a child process ended: its exit code and everything it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Errors);
