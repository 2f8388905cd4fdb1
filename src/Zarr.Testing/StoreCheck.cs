namespace Zarr.Testing;

/// <summary>
/// One conformance check of <see cref="StoreConformance{TStore}"/>, for test frameworks that enumerate checks
/// (an NUnit <c>TestCaseSource</c>, an MSTest <c>DynamicData</c>, a console runner).
/// </summary>
public sealed class StoreCheck
{
    private readonly Func<CancellationToken, Task> _run;

    internal StoreCheck(string name, StoreCapabilities requires, Func<CancellationToken, Task> run)
    {
        Name = name;
        Requires = requires;
        _run = run;
    }

    /// <summary>The check's name: its <see cref="StoreConformance{TStore}"/> method without the <c>Async</c> suffix.</summary>
    public string Name { get; }

    /// <summary>The capabilities the store must declare for the check to apply (see <see cref="StoreConformance{TStore}.Applies"/>).</summary>
    public StoreCapabilities Requires { get; }

    /// <summary>Runs the check against fresh stores from the harness.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task RunAsync(CancellationToken cancellationToken = default) => _run(cancellationToken);

    /// <summary>The check's name, so that test runners display it.</summary>
    /// <returns><see cref="Name"/>.</returns>
    public override string ToString() => Name;
}
