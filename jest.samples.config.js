/** `npm run test:samples`: parsers on real recorded payloads from ../shared/samples. */
module.exports = { ...require("./jest.base"), testMatch: ["<rootDir>/test/samples/**/*.test.ts"] };
