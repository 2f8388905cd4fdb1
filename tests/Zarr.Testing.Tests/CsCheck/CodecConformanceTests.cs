using CsCheck;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Tests.CsCheck.PlantedBugs;

namespace Zarr.Testing.Tests.CsCheck;

/// <summary>
/// The suite itself: a correct codec passes every check, and each planted bug fails the check that looks for it,
/// with the check's name, the shrunk chunk and the seed that replays it in the exception.
/// </summary>
public class CodecConformanceTests
{
    /// <summary>float64 chunks of one or two axes, so that every sample can hold a -0.0.</summary>
    private static readonly Gen<ChunkSpec> Float64Specs = Gen.Long[1, 4].Array[1, 2].Select(shape => new ChunkSpec(shape, DataType.Float64, 0.0));

    [Fact]
    public void A_correct_codec_passes_every_check() =>
        new CodecConformance(new IdentityBytesCodec()) { Registry = IdentityBytesCodec.RegistryWith("test.identity", _ => new IdentityBytesCodec()) }
            .CheckAll();

    [Fact]
    public void Dropping_negative_zero_fails_the_round_trip_shrunk_to_a_negative_zero()
    {
        var failure = Failure(new CodecConformance(new NegativeZeroDroppingCodec()) { Specs = Float64Specs }.RoundTripsBitForBit, nameof(CodecConformance.RoundTripsBitForBit));

        failure.Message.Should().Contain("is 0x0 (0), but 0x8000000000000000 (-0) was encoded")
            .And.Contain("float64[1] fill 0, elements (little-endian hex) [0000000000000080]", "the case shrinks to a single -0.0");
    }

    [Fact]
    public void A_nondeterministic_encoding_fails_the_determinism_check_but_round_trips()
    {
        var conformance = new CodecConformance(new NondeterministicCodec());

        conformance.RoundTripsBitForBit();
        Failure(conformance.EncodesDeterministically, nameof(CodecConformance.EncodesDeterministically)).Message.Should().Contain("gave different bytes");
    }

    [Fact]
    public void Ignoring_the_prototype_fails_the_prototype_check_but_round_trips()
    {
        var conformance = new CodecConformance(new PrototypeIgnoringCodec());

        conformance.RoundTripsBitForBit();
        Failure(conformance.HonoursThePrototype, nameof(CodecConformance.HonoursThePrototype)).Message.Should().Contain("returned a CpuBuffer where a TestBuffer");
    }

    [Fact]
    public void Accepting_changed_bytes_silently_fails_the_flipped_bits_check_but_not_the_truncation_check()
    {
        var conformance = new CodecConformance(new UncheckedChecksumCodec()) { DetectsTruncation = true, DetectsFlippedBits = true };

        conformance.RejectsTruncatedInput();
        Failure(conformance.RejectsFlippedBits, nameof(CodecConformance.RejectsFlippedBits)).Message.Should().Contain("returned a changed chunk");
    }

    [Fact]
    public void Trusting_a_length_header_fails_the_truncation_check_but_not_the_flipped_bits_check()
    {
        var conformance = new CodecConformance(new HeaderTrustingCodec()) { DetectsTruncation = true };

        conformance.RoundTripsBitForBit();
        var failure = Failure(conformance.RejectsTruncatedInput, nameof(CodecConformance.RejectsTruncatedInput));

        failure.Message.Should().Contain("threw ArgumentOutOfRangeException").And.Contain("not InvalidDataException");
        failure.Message.Should().MatchRegex(@"cut to \d+ bytes", "the message names the shrunk cut");
    }

    [Fact]
    public void Refusing_a_spec_with_not_supported_fails_the_validate_check()
    {
        var failure = Failure(new CodecConformance(new NotSupportedRefusingCodec()).ValidateRefusesOnlyWithArgumentExceptions,
            nameof(CodecConformance.ValidateRefusesOnlyWithArgumentExceptions));

        failure.InnerException.Should().BeOfType<NotSupportedException>();
        failure.Message.Should().Contain("complex");
    }

    [Fact]
    public void A_validate_that_disagrees_with_the_declared_specs_fails_the_validate_check() =>
        Failure(new CodecConformance(new IdentityBytesCodec()) { Accepts = spec => spec.Shape.Length < 2 }.ValidateRefusesOnlyWithArgumentExceptions,
            nameof(CodecConformance.ValidateRefusesOnlyWithArgumentExceptions)).Message.Should().Contain("accepted a spec the codec declares it refuses");

    [Fact]
    public void A_configuration_lost_from_the_json_fails_the_json_check()
    {
        var registry = IdentityBytesCodec.RegistryWith("test.forgetful", _ => new ForgetfulJsonCodec(0));

        var failure = Failure(new CodecConformance(new ForgetfulJsonCodec(7)) { Registry = registry }.JsonConfigurationRoundTrips,
            nameof(CodecConformance.JsonConfigurationRoundTrips));

        failure.Message.Should().Contain("the codec recreated from");
    }

    [Fact]
    public void A_codec_the_registry_does_not_know_fails_the_json_check() =>
        Failure(new CodecConformance(new IdentityBytesCodec()).JsonConfigurationRoundTrips, nameof(CodecConformance.JsonConfigurationRoundTrips))
            .Message.Should().Contain("could not recreate the codec from its JSON {\"name\":\"test.identity\"}");

    [Fact]
    public void A_failure_replays_from_its_seed()
    {
        var first = Failure(new CodecConformance(new NegativeZeroDroppingCodec()) { Specs = Float64Specs }.RoundTripsBitForBit, nameof(CodecConformance.RoundTripsBitForBit));

        var replayed = Failure(new CodecConformance(new NegativeZeroDroppingCodec()) { Specs = Float64Specs, Seed = first.Seed, Iterations = 1 }.RoundTripsBitForBit,
            nameof(CodecConformance.RoundTripsBitForBit));

        replayed.Message.Should().Contain("0x8000000000000000");
    }

    [Fact]
    public void The_iteration_count_defaults_to_100_unless_ZARR_FUZZ_ITER_sets_it() =>
        CodecConformance.DefaultIterations.Should().Be(
            long.TryParse(Environment.GetEnvironmentVariable(CodecConformance.IterationsVariable), out long set) && set > 0 ? set : 100);

    [Fact]
    public void The_check_names_are_the_methods_that_run_them() =>
        CodecConformance.CheckNames.Should().BeEquivalentTo(typeof(CodecConformance).GetMethods()
            .Where(method => method.DeclaringType == typeof(CodecConformance) && !method.IsSpecialName && !method.IsStatic && method.Name != nameof(CodecConformance.CheckAll)
                && method.ReturnType == typeof(void) && method.GetParameters().Length == 0)
            .Select(method => method.Name));

    /// <summary>Runs <paramref name="check"/>, which must fail as <paramref name="name"/> with a seed and a shrunk input in its message.</summary>
    private static CodecConformanceException Failure(Action check, string name)
    {
        var failure = check.Should().Throw<CodecConformanceException>().Which;
        failure.Check.Should().Be(name);
        failure.Message.Should().StartWith(name + ": ");
        if (name != nameof(CodecConformance.JsonConfigurationRoundTrips) || failure.Seed is not null)
        {
            failure.Seed.Should().NotBeNullOrEmpty();
            failure.Message.Should().Contain("Shrunk input and replay").And.Contain($"Set seed: \"{failure.Seed}\"")
                .And.Contain("elements (little-endian hex) [", "the message shows the shrunk chunk");
        }

        return failure;
    }
}
