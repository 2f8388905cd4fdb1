using Xunit;

namespace Consumer.CsCheck;

// Runs the plain CsCheck example under a test framework, as any framework (or a console program) would.
public class ZarrPropertiesTests
{
    [Fact]
    public Task Every_property_holds() => ZarrProperties.CheckAsync(TestContext.Current.CancellationToken);
}
