using System.Buffers;

namespace Zarr.Buffers.Tests;

/// <summary>Hands out new arrays and counts them back in: an array returned twice, or never rented, is an unknown return.</summary>
internal sealed class CountingPool : ArrayPool<byte>
{
    private readonly HashSet<byte[]> _outstanding = [];

    public int Rents { get; private set; }

    public int UnknownReturns { get; private set; }

    public int Outstanding
    {
        get
        {
            lock (_outstanding)
            {
                return _outstanding.Count;
            }
        }
    }

    public override byte[] Rent(int minimumLength)
    {
        byte[] array = new byte[minimumLength];
        lock (_outstanding)
        {
            _outstanding.Add(array);
            Rents++;
        }

        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        lock (_outstanding)
        {
            UnknownReturns += _outstanding.Remove(array) ? 0 : 1;
        }
    }
}
