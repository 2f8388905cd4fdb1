namespace Zarr.Testing;

/// <summary>
/// One conformance check of <see cref="StoreConformance{TStore}"/>, for test frameworks that enumerate checks
/// (an NUnit <c>TestCaseSource</c>, an MSTest <c>DynamicData</c>, a console runner).
/// </summary>
/// <param name="Name">The check's name: its <see cref="StoreConformance{TStore}"/> method without the <c>Async</c> suffix.</param>
/// <param name="Requires">The capabilities the store must declare for the check to apply.</param>
/// <param name="RunAsync">Runs the check; the task faults with <see cref="StoreConformanceException"/> when the store fails it.</param>
public sealed record StoreCheck(string Name, StoreCapabilities Requires, Func<CancellationToken, Task> RunAsync)
{
    /// <summary>The check's name, so that test runners display it.</summary>
    /// <returns><see cref="Name"/>.</returns>
    public override string ToString() => Name;
}
