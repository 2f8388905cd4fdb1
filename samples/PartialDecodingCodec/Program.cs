using PartialDecodingCodec;

await RowsDemo.RunAsync(Console.Out);
