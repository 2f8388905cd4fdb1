using Xunit;
using Zarr.Codecs;
using Zarr.Testing.CsCheck;

namespace Zarr.Testing.Xunit;

/// <summary>
/// The codec conformance suite of Zarr.Testing.CsCheck (<see cref="CodecConformance"/>) as an xunit v3 base class:
/// subclass it for your codec and every check runs as its own test, named after the check. A failure reports the
/// shrunk chunk spec and data and the seed that replays it.
/// </summary>
/// <typeparam name="TCodec">The codec class under test.</typeparam>
/// <remarks>
/// Implement <see cref="CreateCodec"/>; override <see cref="CreateConformance"/> to tell the suite which specs the
/// codec accepts and whether it detects truncated or changed input. The corruption checks the codec does not claim
/// are reported as skipped. Every test is virtual: override one with <c>[Fact(Skip = "why")]</c> to skip it.
/// </remarks>
/// <example>
/// <code>
/// public sealed class GzipCodecConformanceTests : CodecTests&lt;GzipCodec&gt;
/// {
///     protected override GzipCodec CreateCodec() =&gt; new(level: 1);
///
///     protected override CodecConformance CreateConformance() =&gt;
///         new(CreateCodec()) { DetectsTruncation = true, DetectsFlippedBits = true };
/// }
/// </code>
/// </example>
public abstract class CodecTests<TCodec>
    where TCodec : ICodec
{
    private CodecConformance? _conformance;

    /// <summary>The checks this class runs, over the codec of <see cref="CreateConformance"/>.</summary>
    protected CodecConformance Conformance => _conformance ??= CreateConformance();

    /// <inheritdoc cref="CodecConformance.RoundTripsBitForBit" />
    [Fact]
    public virtual void RoundTripsBitForBit() => Conformance.RoundTripsBitForBit();

    /// <inheritdoc cref="CodecConformance.EncodesDeterministically" />
    [Fact]
    public virtual void EncodesDeterministically() => Conformance.EncodesDeterministically();

    /// <inheritdoc cref="CodecConformance.HonoursThePrototype" />
    [Fact]
    public virtual void HonoursThePrototype() => Conformance.HonoursThePrototype();

    /// <inheritdoc cref="CodecConformance.ValidateRefusesOnlyWithArgumentExceptions" />
    [Fact]
    public virtual void ValidateRefusesOnlyWithArgumentExceptions() => Conformance.ValidateRefusesOnlyWithArgumentExceptions();

    /// <inheritdoc cref="CodecConformance.JsonConfigurationRoundTrips" />
    [Fact]
    public virtual void JsonConfigurationRoundTrips() => Conformance.JsonConfigurationRoundTrips();

    /// <inheritdoc cref="CodecConformance.RejectsTruncatedInput" />
    [Fact]
    public virtual void RejectsTruncatedInput()
    {
        Assert.SkipUnless(Conformance.DetectsTruncation, $"{GetType().Name} does not declare that its codec detects truncation (CodecConformance.DetectsTruncation).");
        Conformance.RejectsTruncatedInput();
    }

    /// <inheritdoc cref="CodecConformance.RejectsFlippedBits" />
    [Fact]
    public virtual void RejectsFlippedBits()
    {
        Assert.SkipUnless(Conformance.DetectsFlippedBits, $"{GetType().Name} does not declare that its codec detects changed bits (CodecConformance.DetectsFlippedBits).");
        Conformance.RejectsFlippedBits();
    }

    /// <summary>Makes the codec under test; called once per test.</summary>
    /// <returns>The codec.</returns>
    protected abstract TCodec CreateCodec();

    /// <summary>The checks over <see cref="CreateCodec"/>'s codec; override to set the specs, the declared corruption detection and the iteration count.</summary>
    /// <returns>The conformance checks.</returns>
    protected virtual CodecConformance CreateConformance() => new(CreateCodec());
}
