using System.ComponentModel;

namespace Zarr.Buffers.Tests.Servers;

/// <summary>
/// The Node.js programs in tests/servers: zarrita.js, the independent reader of arrays this library writes, and azurite
/// and s3rver, the local servers of the cloud store tests (see <see cref="NodeServer"/>). The first test that needs them
/// installs them with <c>npm ci</c>, once per test run, when <c>node_modules</c> is missing or older than the lockfile;
/// where Node.js is not on PATH those tests are skipped with a reason saying so.
/// </summary>
internal static class NodePrograms
{
    private const string NodeMissing =
        "Node.js is not on PATH: the tests that need it (the zarrita.js cross-reader, the azurite and s3rver servers) are skipped. They need Node.js 20 or later with npm, which installs them from tests/servers/package-lock.json on first use.";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    // One install per test run, shared by every test and thread; a failed install fails every test with the same message.
    private static readonly Lazy<Task<string?>> s_install = new(InstallAsync);

    /// <summary>tests/servers: package.json, its lockfile and the scripts.</summary>
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "servers");

    /// <summary>Runs <paramref name="script"/> (a file in tests/servers) with Node.js, installing the packages first if needed.</summary>
    /// <exception cref="InvalidOperationException">Node.js is on PATH but <c>npm ci</c> failed.</exception>
    /// <exception cref="TimeoutException"><c>npm ci</c> or the script ran too long.</exception>
    public static async Task<ProcessResult> RunAsync(string script, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        await SkipUnlessInstalledAsync();
        return await ChildProcess.RunAsync("node", [Path.Combine(Folder, script), .. arguments], Folder, RunTimeout, cancellationToken);
    }

    /// <summary>Installs the packages if needed; skips the calling test where Node.js is not on PATH.</summary>
    /// <exception cref="InvalidOperationException">Node.js is on PATH but <c>npm ci</c> failed.</exception>
    /// <exception cref="TimeoutException"><c>npm ci</c> ran too long.</exception>
    public static async Task SkipUnlessInstalledAsync()
    {
        string? unavailable = await s_install.Value;
        if (unavailable is not null)
        {
            Assert.Skip(unavailable);
        }
    }

    /// <summary>Installs the packages unless they are current; returns why the programs cannot run, or null when they can.</summary>
    private static async Task<string?> InstallAsync()
    {
        try
        {
            await ChildProcess.RunAsync("node", ["--version"], Folder, RunTimeout, CancellationToken.None);
        }
        catch (Win32Exception)
        {
            // Printed once, at dotnet test's default verbosity (xunit.runner.json turns diagnostic messages on); a skip reason alone shows only at normal verbosity.
            TestContext.Current.SendDiagnosticMessage(NodeMissing);
            return NodeMissing;
        }

        if (!IsInstalled())
        {
            // dotnet test runs the test assemblies as processes side by side, and two npm ci in one folder break each other.
            await using var installLock = await LockInstallAsync();
            if (!IsInstalled())
            {
                await NpmCiAsync();
            }
        }

        return null;
    }

    /// <summary>Takes the folder's install lock, held by one process at a time (an exclusive open is an OS file lock).</summary>
    /// <exception cref="TimeoutException">Another process held the lock for longer than an install may take.</exception>
    private static async Task<FileStream> LockInstallAsync()
    {
        string path = Path.Combine(Folder, ".npm-ci.lock");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < InstallTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
            catch (IOException e)
            {
                throw new TimeoutException($"{path} stayed locked for {InstallTimeout.TotalMinutes} minutes: another test run's npm ci?", e);
            }
        }
    }

    /// <summary>npm writes node_modules/.package-lock.json last; one older than the lockfile means the lockfile changed since.</summary>
    private static bool IsInstalled()
    {
        var installed = new FileInfo(Path.Combine(Folder, "node_modules", ".package-lock.json"));
        return installed.Exists && installed.LastWriteTimeUtc >= File.GetLastWriteTimeUtc(Path.Combine(Folder, "package-lock.json"));
    }

    private static async Task NpmCiAsync()
    {
        string npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        ProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], Folder, InstallTimeout, CancellationToken.None);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Node.js is on PATH but npm is not ({e.Message}): install npm, or run `npm ci` in {Folder}.", e);
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`npm ci` in {Folder} failed with exit code {result.ExitCode}; the tests that need Node.js cannot run. npm printed:\n{result.Output}\n{result.Errors}");
        }
    }
}
