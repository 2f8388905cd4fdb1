using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Zarr.Buffers;

namespace Consumer.MSTest;

[TestClass]
public sealed class PackageSurfaceTests
{
    [TestMethod]
    public void Buffer_names_the_zarr_type_next_to_using_System()
    {
        Buffer buffer = CpuBuffer.FromBytes([1, 2, 3]);
        Buffer tail = buffer[1..];
        Assert.AreEqual(2, tail.Length);
        Assert.AreEqual(typeof(Zarr.Buffers.Buffer), typeof(Buffer));
    }

    [TestMethod]
    public void NDBuffer_round_trips_through_the_default_prototype()
    {
        NDBuffer values = BufferPrototype.Default.NDBuffer.Create([2, 2], DataType.Int32, fillValue: 7);
        Assert.IsTrue(values.AllEqual(7));
        Assert.AreEqual(7, values.Transpose().AsType(DataType.Float64).Reshape(-1)[new System.Buffers.NRange(0, 1)].AsScalar<double>());
    }
}
