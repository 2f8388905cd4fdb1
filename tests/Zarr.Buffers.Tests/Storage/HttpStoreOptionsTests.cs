using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public class HttpStoreOptionsTests
{
    [Fact]
    public void Out_of_range_settings_are_rejected_naming_the_setting_and_the_value()
    {
        var attempts = () => new HttpStoreOptions { MaxAttempts = 0 };
        attempts.Should().Throw<ArgumentOutOfRangeException>().WithMessage("MaxAttempts must be at least 1, got 0.*");
        var delay = () => new HttpStoreOptions { RetryBaseDelay = TimeSpan.FromSeconds(-1) };
        delay.Should().Throw<ArgumentOutOfRangeException>().WithMessage("RetryBaseDelay must not be negative, got -00:00:01.*");
        var maxDelay = () => new HttpStoreOptions { MaxRetryDelay = TimeSpan.FromSeconds(-1) };
        maxDelay.Should().Throw<ArgumentOutOfRangeException>().WithMessage("MaxRetryDelay must not be negative*");
        var bytes = () => new HttpStoreOptions { MaxValueBytes = -1 };
        bytes.Should().Throw<ArgumentOutOfRangeException>().WithMessage("MaxValueBytes must be within [0, *], got -1.*");
        var clock = () => new HttpStoreOptions { TimeProvider = null! };
        clock.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void The_defaults_retry_four_times_within_thirty_seconds()
    {
        var options = new HttpStoreOptions();
        options.MaxAttempts.Should().Be(4);
        options.RetryBaseDelay.Should().Be(TimeSpan.FromMilliseconds(100));
        options.MaxRetryDelay.Should().Be(TimeSpan.FromSeconds(30));
        options.MaxValueBytes.Should().Be(Array.MaxLength);
        options.TimeProvider.Should().BeSameAs(TimeProvider.System);
    }
}
