namespace Zarr.Testing.Tests;
