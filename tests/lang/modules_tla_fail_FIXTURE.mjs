await 0;
throw new RangeError("tla failed");
